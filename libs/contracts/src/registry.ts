import type { CommandContract, EventContract, RequestContract } from './contract.js';
import { healthContracts } from './health/health.contract.js';
import { auditEvents } from './common/audit-record.js';
import { apiKeyContracts, grantEvents, grantRequestEvents, identityContracts, invitationEvents, memberEvents, sessionEvents, userEvents } from './identity/index.js';
import { assignmentEvents, commissionEvents, profileEvents, rateEvents, rosterAuditEvents, rosterContracts } from './roster/index.js';
import { campaignEvents, campaignsAuditEvents, campaignsContracts, campaignsShareLinkEvents } from './campaigns/index.js';
import { contractEvents, messageEvents, negotiationAuditEvents, negotiationContracts, negotiationEvents, paymentEvents } from './negotiation/index.js';
import { ingestionCommands, ingestionContracts, ingestionEvents } from './metrics-ingestion/index.js';
import { metricsContracts } from './metrics/index.js';
import { metricsRosterContracts } from './metrics/roster-figures.contract.js';
import { notificationEvents, notificationsContracts, webhookContracts } from './notifications/index.js';

/**
 * The one list of every subject and version on the bus. Each entry must have golden
 * fixtures (registry.spec.ts), and each subject appears once.
 */
export const REQUEST_CONTRACTS: readonly RequestContract[] = [
  ...Object.values(healthContracts),
  ...Object.values(identityContracts),
  ...Object.values(rosterContracts),
  ...Object.values(negotiationContracts),
  ...Object.values(campaignsContracts),
  ...Object.values(apiKeyContracts),
  ...Object.values(ingestionContracts),
  ...Object.values(metricsContracts),
  ...Object.values(metricsRosterContracts),
  ...Object.values(notificationsContracts),
  ...Object.values(webhookContracts),
];

export const EVENT_CONTRACTS: readonly EventContract[] = [
  ...Object.values(grantEvents),
  ...Object.values(sessionEvents),
  ...Object.values(userEvents),
  ...Object.values(grantRequestEvents),
  ...Object.values(memberEvents),
  ...Object.values(invitationEvents),
  ...Object.values(rateEvents),
  ...Object.values(profileEvents),
  ...Object.values(assignmentEvents),
  ...Object.values(commissionEvents),
  ...Object.values(rosterAuditEvents),
  ...Object.values(campaignsAuditEvents),
  ...Object.values(campaignEvents),
  ...Object.values(campaignsShareLinkEvents),
  ...Object.values(negotiationEvents),
  ...Object.values(messageEvents),
  ...Object.values(contractEvents),
  ...Object.values(paymentEvents),
  ...Object.values(negotiationAuditEvents),
  ...Object.values(auditEvents),
  ...Object.values(ingestionEvents),
  ...Object.values(notificationEvents),
];

/** Work sent through a service's own JetStream intake stream. */
export const COMMAND_CONTRACTS: readonly CommandContract[] = [...Object.values(ingestionCommands)];

const bySubject = new Map<string, RequestContract | EventContract | CommandContract>();
for (const contract of [...REQUEST_CONTRACTS, ...EVENT_CONTRACTS, ...COMMAND_CONTRACTS]) {
  if (bySubject.has(contract.subject)) {
    throw new Error(`subject ${contract.subject} is registered twice`);
  }
  bySubject.set(contract.subject, contract);
}

export function contractFor(subject: string): RequestContract | EventContract | CommandContract | undefined {
  return bySubject.get(subject);
}

export function allContracts(): (RequestContract | EventContract | CommandContract)[] {
  return [...bySubject.values()];
}
