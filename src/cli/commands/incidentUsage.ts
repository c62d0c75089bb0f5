/** The `incident` command's help, apart from its code so each stays short. */
export const incidentUsage = `Usage: incident-desk incident <action> [--backend desk|pagerduty] [--url URL] [--json]

Acts on one incident, as the sidebar does.

Actions:
  declare --title T --severity N [--service S]… [--summary TEXT]
                                  declare a new incident; you are its commander
  check-in ID                     say you are on it (the first one acknowledges)
  severity ID N                   change the severity (0 is the most severe … 4)
  status ID S                     investigating, identified, monitoring or resolved
  role ID ROLE PERSON             commander, communications, technical, scribe or sme
                                  (an sme joins the list; other roles are replaced)
  note ID TEXT                    add a note to the timeline
  update ID --audience A --conditions TEXT --actions TEXT --needs TEXT
                                  post a status update; A: executive, technical or external
  resolve ID [--summary TEXT]     resolve it (the summary starts the retrospective)
  show ID                         status, severity, roles, age, latest update, last events

Options:
  --backend B   desk (default) or pagerduty
  --url URL     the backend's address; desk: or INCIDENT_DESK_URL,
                pagerduty: or PAGERDUTY_URL (default https://api.pagerduty.com)
  --json        print the backend's incident (check-in, note, update: the event) as JSON

Environment:
  INCIDENT_DESK_TOKEN   token for the desk server; it decides who you are
  PAGERDUTY_TOKEN       PagerDuty REST API key
  PAGERDUTY_FROM        PagerDuty user email, needed by every action but show
`;
