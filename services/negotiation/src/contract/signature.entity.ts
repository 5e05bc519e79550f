import { defineEntity, p } from '@mikro-orm/core';
import { SIDES } from '#libs/contracts';

/** One party's signature of a contract; (contract, party) is the primary key, so each party signs once. */
export const SignatureSchema = defineEntity({
  name: 'Signature',
  tableName: 'contract_signatures',
  properties: {
    contractId: p.uuid().primary(),
    party: p.enum(SIDES).primary(),
    userId: p.uuid(),
    name: p.text().strictNullable(),
    grantId: p.uuid().strictNullable(),
    signedAt: p.datetime().columnType('timestamptz'),
  },
});
export class Signature extends SignatureSchema.class {}
SignatureSchema.setClass(Signature);
