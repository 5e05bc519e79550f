import { StreamableFile } from '@nestjs/common';
import { negotiationContracts, type ContractDocument } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';

const wantsPdf = (ctx: RouteContext<typeof negotiationContracts.contractGet>) => /\bapplication\/pdf\b/.test(String(ctx.request.headers.accept ?? ''));

/** GET /v1/offers/{id}/contract: the JSON document, or with `Accept: application/pdf` the PDF negotiation renders. */
export async function contractDocument(ctx: RouteContext<typeof negotiationContracts.contractGet>): Promise<ContractDocument | StreamableFile> {
  if (!wantsPdf(ctx)) return ctx.call();
  const pdf = await ctx.send(negotiationContracts.contractPdf, ctx.input);
  // The name comes from negotiation (the offer id); quotes would end the header's value early.
  const filename = pdf.filename.replace(/["\\\r\n]/g, '');
  return new StreamableFile(Buffer.from(pdf.base64, 'base64'), { type: 'application/pdf', disposition: `attachment; filename="${filename}"` });
}
