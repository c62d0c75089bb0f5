/**
 * Every command the extension contributes, in one table. A unit test checks this
 * table against package.json, and an integration test checks that activation
 * registers exactly these.
 */
export const CommandIds = {
  showLog: 'incidentDesk.showLog',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const ALL_COMMAND_IDS: readonly CommandId[] = Object.values(CommandIds);
