import { linkRoutesEnv, routeFor } from './link-routes';

describe('HospitalLink routes', () => {
  it('picks the longest matching prefix, then *', () => {
    const routes = linkRoutesEnv.parse('*=default:1, SIM-=sim:2,SIM-00=sim-zero:3');
    expect(routeFor(routes, 'SIM-0001')).toBe('sim-zero:3');
    expect(routeFor(routes, 'SIM-1001')).toBe('sim:2');
    expect(routeFor(routes, 'ZJ-1')).toBe('default:1');
  });

  it('routes nothing when no prefix matches and there is no *', () => {
    expect(routeFor(linkRoutesEnv.parse('SIM-=sim:2'), 'ZJ-1')).toBeUndefined();
    expect(linkRoutesEnv.parse('')).toEqual([]);
  });

  it('names every malformed or repeated entry', () => {
    const result = linkRoutesEnv.safeParse('SIM-=sim,SIM-=a:1,SIM-=b:2,bad code=x:1');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      '"SIM-=sim" is not <hospital code prefix or *>=<host:port>',
      'prefix "SIM-" is routed twice',
      '"bad code=x:1" is not <hospital code prefix or *>=<host:port>',
    ]);
  });
});
