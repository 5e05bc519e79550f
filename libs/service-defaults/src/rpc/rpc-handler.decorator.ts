import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { MessagePattern, type NatsContext } from '@nestjs/microservices';
import { AppError, PRINCIPAL_HEADER, type Principal, type RequestContract } from '#libs/contracts';
import type { PrincipalVerifier } from '#libs/messaging';

export const RPC_CONTRACT = Symbol('rpc-contract');

/** Binds a handler to one registered subject; the interceptor validates both directions. */
export function RpcHandler(contract: RequestContract): MethodDecorator {
  return applyDecorators(MessagePattern(contract.subject), SetMetadata(RPC_CONTRACT, contract));
}

export function contractOf(ctx: ExecutionContext): RequestContract | undefined {
  return Reflect.getMetadata(RPC_CONTRACT, ctx.getHandler()) as RequestContract | undefined;
}

/** The request body, already parsed by the handler's contract in RpcContractInterceptor. */
export const RpcPayload = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToRpc().getData());

/** Principals the interceptor verified, by request (the NatsContext Nest hands to both). */
const verified = new WeakMap<object, Principal>();

/**
 * Verifies the request's signed principal (when it carries one) before any handler runs; an
 * unsigned, forged, expired, replayed or re-targeted one refuses the whole request.
 */
export function verifyRequestPrincipal(ctx: ExecutionContext, verifier: PrincipalVerifier, contract: RequestContract | undefined): void {
  const nats = ctx.switchToRpc().getContext<NatsContext>();
  const token = nats.getHeaders()?.get(PRINCIPAL_HEADER);
  if (!token) return;
  verified.set(nats, verifier.verify(token, nats.getSubject(), contract?.callers ?? ['gateway']));
}

/** The caller's principal, only as verified by RpcContractInterceptor; never read from the raw header. */
export function principalFrom(ctx: ExecutionContext): Principal | undefined {
  return verified.get(ctx.switchToRpc().getContext<NatsContext>());
}

/** The authenticated caller forwarded by the gateway; `required` (default) refuses anonymous calls. */
export const RpcPrincipal = createParamDecorator((opts: { optional?: boolean } | undefined, ctx: ExecutionContext) => {
  const principal = principalFrom(ctx);
  if (!principal && !opts?.optional) throw new AppError('unauthenticated', 'Authentication required');
  return principal;
});
