import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ingestionEvents,
  OBSERVATION_KINDS,
  OBSERVATION_BYTES_PER_EVENT,
  toVideoColumns,
  videoColumnBytes,
  type VideoObservation,
  type IngestResult,
  type ObservationKind,
} from '#libs/contracts';
import { chunkBy, enqueueLargeEvent, jsonBytes } from '#libs/messaging';
import { UnitOfWork } from '#libs/service-defaults';
import { screenBatch, type ObservationOf, type ScreenedBatch } from './ingest.rules.js';
import { storeObservations, type StoredBatch } from './observation.store.js';

export interface IncomingBatch {
  kind: ObservationKind;
  records: readonly unknown[];
}

type NewRecords = { [K in ObservationKind]: ObservationOf[K][] };

/**
 * Stores batches of observations and announces the new ones, in one transaction: the rows,
 * their regression flags and the `observations.recorded` events commit together, so the
 * caller (a gateway reply, a JetStream ack) is answered only once nothing can be lost.
 */
@Injectable()
export class IngestService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async ingest(kind: ObservationKind, records: readonly unknown[]): Promise<IngestResult> {
    const [result] = await this.ingestAll([{ kind, records }]);
    return result!;
  }

  /** Several batches (e.g. every message of one JetStream fetch) in one transaction, one result each. */
  async ingestAll(batches: readonly IncomingBatch[], now = new Date()): Promise<IngestResult[]> {
    const screened = batches.map((b) => screenBatch(b.kind, b.records, now) as ScreenedBatch<ObservationKind>);
    // An observationId repeated across batches of one transaction is stored once, for the first.
    const firstSeen = new Set<string>();
    const kept = screened.map((s) =>
      s.valid.filter(({ record }) => !firstSeen.has(record.observationId) && firstSeen.add(record.observationId)),
    );
    const batchId = randomUUID();
    // The results are built inside the unit of work: a retried command gets them back as stored.
    return this.uow.run(async (em) => {
      const stored = new Map<ObservationKind, StoredBatch>();
      const fresh: NewRecords = { videos: [], followers: [], audience: [] };
      for (const kind of OBSERVATION_KINDS) {
        const rows = batches.flatMap((b, i) => (b.kind === kind ? kept[i]!.map((v) => v.record) : []));
        if (!rows.length) continue;
        const result = await storeObservations[kind](em, rows as never[], batchId);
        stored.set(kind, result);
        (fresh[kind] as unknown[]).push(...rows.filter((r) => result.inserted.has(r.observationId)));
      }
      await this.announce(em, batchId, fresh);
      return batches.map((b, i): IngestResult => {
        const s = screened[i]!;
        const result = stored.get(b.kind);
        const accepted = kept[i]!.filter((v) => result?.inserted.has(v.record.observationId));
        return {
          accepted: accepted.length,
          duplicates: s.valid.length - accepted.length + s.repeatedInBatch,
          rejected: s.rejected,
          flagged: accepted.flatMap((v) => {
            const reason = result?.flagged.get(v.record.observationId);
            return reason ? [{ index: v.index, reason }] : [];
          }),
        };
      });
    });
  }

  /** New observations, at most OBSERVATION_BYTES_PER_EVENT of them (as records) per event, videos sent as columns. */
  private async announce(em: EntityManager, batchId: string, fresh: NewRecords): Promise<void> {
    const all = OBSERVATION_KINDS.flatMap((kind) => fresh[kind].map((record) => ({ kind, record })));
    // Videos, the bulk, are weighed by their bound in columns instead of serialised to be weighed.
    const weigh = (x: (typeof all)[number]) =>
      x.kind === 'videos' ? videoColumnBytes(x.record as VideoObservation) : jsonBytes(x.record);
    for (const [part, slice] of chunkBy(all, OBSERVATION_BYTES_PER_EVENT, weigh).entries()) {
      const pick = <K extends ObservationKind>(kind: K) => slice.filter((x) => x.kind === kind).map((x) => x.record as ObservationOf[K]);
      await enqueueLargeEvent(em, ingestionEvents.recordedV2, {
        aggregateId: batchId,
        aggregateVersion: part,
        payload: { batchId, part, videos: toVideoColumns(pick('videos')), followers: pick('followers'), audience: pick('audience') },
      });
    }
  }
}
