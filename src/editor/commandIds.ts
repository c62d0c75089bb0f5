/**
 * Every command the extension contributes, in one table. A unit test checks this
 * table against package.json, and an integration test checks that activation
 * registers exactly these.
 */
export const CommandIds = {
  showLog: 'incidentDesk.showLog',

  // Incidents (src/editor/incidents)
  refreshIncidents: 'incidentDesk.incidents.refresh',
  declare: 'incidentDesk.declare',
  checkIn: 'incidentDesk.checkIn',
  acknowledge: 'incidentDesk.acknowledge',
  setSeverity: 'incidentDesk.setSeverity',
  setStatus: 'incidentDesk.setStatus',
  resolve: 'incidentDesk.resolve',
  assignRole: 'incidentDesk.assignRole',
  addNote: 'incidentDesk.addNote',
  postStatusUpdate: 'incidentDesk.postStatusUpdate',
  openIncident: 'incidentDesk.openIncident',
  workOnIncident: 'incidentDesk.workOnIncident',
  stopWorkingOnIncident: 'incidentDesk.stopWorkingOnIncident',
  openFittingRunbook: 'incidentDesk.openFittingRunbook',
  runFittingRunbook: 'incidentDesk.runFittingRunbook',
  openInBackend: 'incidentDesk.openInBackend',
  retryConnection: 'incidentDesk.retryConnection',
  setServerToken: 'incidentDesk.setServerToken',
  setPagerDutyToken: 'incidentDesk.setPagerDutyToken',
  startLocalServer: 'incidentDesk.startLocalServer',
  connectPagerDuty: 'incidentDesk.connectPagerDuty',
  openAlertSource: 'incidentDesk.openAlertSource',
  openAlertRunbookLink: 'incidentDesk.openAlertRunbookLink',
  retryDelivery: 'incidentDesk.retryDelivery',
  retryFailedDeliveries: 'incidentDesk.retryFailedDeliveries',

  // Runbooks (src/editor/runbooks)
  runStep: 'incidentDesk.runbooks.runStep',
  runFromHere: 'incidentDesk.runbooks.runFromHere',
  runAll: 'incidentDesk.runbooks.runAll',
  resetRunbook: 'incidentDesk.runbooks.reset',
  stopBackgroundStep: 'incidentDesk.runbooks.stopBackgroundStep',
  refreshRunbooks: 'incidentDesk.runbooks.refresh',
  createRunbook: 'incidentDesk.runbooks.create',

  // Retrospectives (src/editor/retrospectives)
  writeRetrospective: 'incidentDesk.retro.write',
  refreshRetrospectiveTimeline: 'incidentDesk.retro.refreshTimeline',
  submitRetrospective: 'incidentDesk.retro.submit',
  syncFollowUps: 'incidentDesk.retro.syncFollowUps',
  setGitHubToken: 'incidentDesk.setGitHubToken',

  // SLOs (src/editor/slo)
  refreshSlos: 'incidentDesk.slos.refresh',
  declareFromSlo: 'incidentDesk.slos.declare',
  setPrometheusToken: 'incidentDesk.setPrometheusToken',
  // Insights (src/editor/insights)
  showInsights: 'incidentDesk.showInsights',
  nameRetrospectiveCommits: 'incidentDesk.retro.nameCommits',
  similarIncidents: 'incidentDesk.similarIncidents',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const ALL_COMMAND_IDS: readonly CommandId[] = Object.values(CommandIds);
