import { defineCommand, defineRequest } from '../contract.js';
import { ingestBatchSchema, ingestResultSchema, type ObservationKind } from './ingestion.schemas.js';

function ingestRequest(kind: ObservationKind, what: string) {
  return defineRequest({
    subject: `metrics-ingestion.${kind}.ingest.v1`,
    description: `Stores a batch of ${what} (up to 10,000); each bad record is listed in \`rejected\` while the good ones are kept. Replies after commit.`,
    request: ingestBatchSchema,
    response: ingestResultSchema,
  });
}

/** Batches sent by the gateway (`POST /v1/ingest/*`), answered once committed. */
export const ingestionContracts = {
  videos: ingestRequest('videos', 'video observations'),
  followers: ingestRequest('followers', 'follower snapshots'),
  audience: ingestRequest('audience', 'audience snapshots'),
} as const;

function intakeCommand(kind: ObservationKind, what: string) {
  return defineCommand({
    subject: `metrics-ingestion.cmd.${kind}.v1`,
    description: `Connectors publish batches of ${what} to the intake stream; acked after commit, bad records logged and counted.`,
    payload: ingestBatchSchema,
  });
}

/** The connectors' door: JetStream stream METRICS_INGESTION_INTAKE. */
export const ingestionCommands = {
  videos: intakeCommand('videos', 'video observations'),
  followers: intakeCommand('followers', 'follower snapshots'),
  audience: intakeCommand('audience', 'audience snapshots'),
} as const;

/** Stream holding the connectors' commands (separate from the service's event stream). */
export const INGESTION_INTAKE_STREAM = 'METRICS_INGESTION_INTAKE';
