import type { z } from 'zod';
import type { RequestContract } from '#libs/contracts';

/** A handler's payload as RpcContractInterceptor hands it over: parsed by the contract. */
export type Payload<C extends RequestContract> = z.output<C['request']>;
