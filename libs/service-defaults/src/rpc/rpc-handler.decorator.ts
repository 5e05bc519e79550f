import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { MessagePattern, type NatsContext } from '@nestjs/microservices';
import {
  AppError,
  PRINCIPAL_HEADER,
  principalSchema,
  type Principal,
  type RequestContract,
} from '#libs/contracts';

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

export function principalFrom(ctx: ExecutionContext): Principal | undefined {
  const raw = ctx.switchToRpc().getContext<NatsContext>().getHeaders()?.get(PRINCIPAL_HEADER);
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('unauthenticated', 'Invalid principal', 'principal header is not JSON');
  }
  const parsed = principalSchema.safeParse(json);
  if (!parsed.success) throw new AppError('unauthenticated', 'Invalid principal', 'principal header failed validation');
  return parsed.data;
}

/** The authenticated caller forwarded by the gateway; `required` (default) refuses anonymous calls. */
export const RpcPrincipal = createParamDecorator((opts: { optional?: boolean } | undefined, ctx: ExecutionContext) => {
  const principal = principalFrom(ctx);
  if (!principal && !opts?.optional) throw new AppError('unauthenticated', 'Authentication required');
  return principal;
});
