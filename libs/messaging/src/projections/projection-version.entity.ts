import { defineEntity, p } from '@mikro-orm/core';

/**
 * The newest aggregate version each projection has applied, per aggregate: events delivered late
 * or twice compare against it, so a projection never moves back to an older state.
 */
export const ProjectionVersionSchema = defineEntity({
  name: 'ProjectionVersion',
  tableName: 'projection_versions',
  properties: {
    projection: p.text().primary(),
    aggregateId: p.text().primary(),
    version: p.integer(),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
  primaryKeys: ['projection', 'aggregateId'],
});

export class ProjectionVersion extends ProjectionVersionSchema.class {}
ProjectionVersionSchema.setClass(ProjectionVersion);
