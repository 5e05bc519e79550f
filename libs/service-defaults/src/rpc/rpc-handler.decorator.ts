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

/** Subject → the class and method that authorize it (one service's classes per process). */
const authorizers = new Map<string, { owner: new (...args: never[]) => unknown; key: string | symbol }>();

/**
 * Marks the method that decides whether the caller may send `contract`, from the request's
 * locator fields alone (`(locator, principal) => void`, throwing 401/403/404): the same check
 * the handler makes first. The gateway asks for it (AUTHORIZE_ONLY_HEADER) when a client's
 * body is invalid, so authorization is answered before validation. The method may live on
 * any provider of the service; a handler whose whole authorization the gateway decides needs none.
 */
export function RpcAuthorizer(...contracts: RequestContract[]): MethodDecorator {
  return (target, key) => {
    for (const contract of contracts) authorizers.set(contract.subject, { owner: target.constructor as new (...args: never[]) => unknown, key });
  };
}

/** The provider class and method that authorize `subject`, if one was declared. */
export function authorizerOf(subject: string): { owner: new (...args: never[]) => unknown; key: string | symbol } | undefined {
  return authorizers.get(subject);
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
