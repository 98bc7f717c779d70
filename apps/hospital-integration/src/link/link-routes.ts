import { z } from 'zod';

/** Where the HospitalLink of the hospitals whose code starts with `prefix` answers. */
export interface LinkRoute {
  readonly prefix: string;
  readonly target: string;
}

const TARGET = /^([a-z]+:\/\/\/)?[^\s:=,]+:\d{1,5}$/;
const PREFIX = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `HOSPITAL_LINK_ROUTES`: comma-separated `<hospital code prefix>=<host:port>` pairs, e.g.
 * `SIM-=hospital-simulator:50106,ZJ330100-=dns:///zj-regional-his:443`. The longest matching
 * prefix wins; `*` matches every hospital. Regional platforms serve many hospitals on one
 * endpoint, which is why a route covers a code prefix rather than one hospital.
 */
export const linkRoutesEnv = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const routes: LinkRoute[] = [];
    for (const entry of raw
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e.length > 0)) {
      const [prefix = '', target = '', ...rest] = entry.split('=');
      if (rest.length > 0 || !(prefix === '*' || PREFIX.test(prefix)) || !TARGET.test(target)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not <hospital code prefix or *>=<host:port>`,
        });
        continue;
      }
      if (routes.some((r) => r.prefix === prefix)) {
        ctx.addIssue({ code: 'custom', message: `prefix "${prefix}" is routed twice` });
        continue;
      }
      routes.push({ prefix, target });
    }
    return routes;
  });

function specificity(route: LinkRoute): number {
  return route.prefix === '*' ? 0 : route.prefix.length;
}

/** The endpoint for a hospital code, or undefined when no route covers it. */
export function routeFor(routes: readonly LinkRoute[], hospitalCode: string): string | undefined {
  let best: LinkRoute | undefined;
  for (const route of routes) {
    const matches = route.prefix === '*' || hospitalCode.startsWith(route.prefix);
    if (matches && (best === undefined || specificity(route) > specificity(best))) best = route;
  }
  return best?.target;
}
