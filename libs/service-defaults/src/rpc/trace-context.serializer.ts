import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer.js';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { injectTraceContext } from '#libs/observability';

/**
 * Puts the handler's trace context on every reply, so trace context travels both ways on
 * NATS. The interceptor subscribes to the handler's result inside the handler span, and
 * Nest serializes the reply in that async context.
 */
export class TraceContextSerializer extends NatsRecordSerializer {
  override serialize(packet: any): { data: string; headers: MsgHdrs } {
    const serialized = super.serialize(packet) as { data: string; headers?: MsgHdrs };
    const isReply = packet && typeof packet === 'object' && ('response' in packet || 'err' in packet);
    if (!isReply) return serialized as { data: string; headers: MsgHdrs };
    return { ...serialized, headers: injectTraceContext(serialized.headers ?? natsHeaders()) };
  }
}
