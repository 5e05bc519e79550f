import { Controller, Inject } from '@nestjs/common';
import { ingestionContracts as c } from '#libs/contracts';
import { RpcHandler, RpcPayload } from '#libs/service-defaults';
import { IngestService } from './ingest.service.js';

type Batch = { records: unknown[] };

/** The gateway's door (`POST /v1/ingest/*`); the gateway checked the API key and its scope. */
@Controller()
export class IngestNatsController {
  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  @RpcHandler(c.videos)
  videos(@RpcPayload() req: Batch) {
    return this.ingest.ingest('videos', req.records);
  }

  @RpcHandler(c.followers)
  followers(@RpcPayload() req: Batch) {
    return this.ingest.ingest('followers', req.records);
  }

  @RpcHandler(c.audience)
  audience(@RpcPayload() req: Batch) {
    return this.ingest.ingest('audience', req.records);
  }
}
