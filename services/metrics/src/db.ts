import { schemaOf } from '#libs/contracts';

/** A metrics table, schema-qualified, for the hand-written SQL of stores and readers. */
export const metricsTable = (name: string) => `"${schemaOf('metrics')}"."${name}"`;

/** A PostgreSQL array literal of UUIDs (validated by the contracts), so `= any(?::uuid[])` can use the index. */
export const uuidArray = (values: readonly string[]) => `{${values.join(',')}}`;
