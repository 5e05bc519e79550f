import { identityContracts, type AuditActor, type RequestContract } from '#libs/contracts';
import type { RouteContext } from '../routes/route.js';
import { runSection } from './sections.js';

type Send = RouteContext<RequestContract>['send'];

/**
 * Names every `actor` of a view from identity, which owns the names of people and
 * organizations: the services that answer messages, terms versions and rate history know who
 * acted by id only. One request per view; if identity cannot answer, the names stay null and the
 * view is still served (who acted is still there, by id and organization kind).
 */
export async function nameActors<T extends { actor: AuditActor }>(send: Send, items: T[]): Promise<T[]> {
  const userIds = [...new Set(items.flatMap((i) => (i.actor.userId ? [i.actor.userId] : [])))];
  const orgIds = [...new Set(items.flatMap((i) => (i.actor.organization ? [i.actor.organization.id] : [])))];
  const names = await runSection({ allowed: userIds.length + orgIds.length > 0, fetch: () => send(identityContracts.namesResolve, { userIds, orgIds }) });
  if (!names.value) return items;
  const users = new Map(names.value.users.map((u) => [u.id, u.name]));
  const orgs = new Map(names.value.organizations.map((o) => [o.id, o.name]));
  return items.map((i) => {
    const { userId, organization } = i.actor;
    return {
      ...i,
      actor: {
        userId,
        name: (userId && users.get(userId)) ?? null,
        organization: organization && { ...organization, name: orgs.get(organization.id) ?? null },
      },
    };
  });
}

/**
 * Names of the users a view already shows by id (assignees on a roster page): one request; an
 * empty map when identity cannot answer, and the view is served without them.
 */
export async function userNames(send: Send, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  const names = await runSection({ allowed: ids.length > 0, fetch: () => send(identityContracts.namesResolve, { userIds: ids, orgIds: [] }) });
  return new Map((names.value?.users ?? []).map((u) => [u.id, u.name]));
}

/** A route handler for a page of items that each name an actor: the contract's answer, named. */
export async function namedPage<C extends RequestContract>(ctx: RouteContext<C>) {
  const page = (await ctx.call()) as { items: { actor: AuditActor }[] };
  return { ...page, items: await nameActors(ctx.send, page.items) };
}

/** A route handler for one item that names an actor (a message just posted). */
export async function namedItem<C extends RequestContract>(ctx: RouteContext<C>) {
  const [item] = await nameActors(ctx.send, [(await ctx.call()) as { actor: AuditActor }]);
  return item;
}
