import { gatewayApiErrors, isGatewayApi } from './gateway-api-schema';
import { registerGroupValidator, strictProblems } from './strict';

// Gateway API kinds are CRDs, unknown to kubernetes-models: the strict validator hands them to
// the vendored standard-channel CRD schemas (./gateway-api-schema.ts).
registerGroupValidator('gateway.networking.k8s.io', gatewayApiErrors);

/**
 * Checks synthesized objects against the Kubernetes OpenAPI schemas, through the models of
 * `kubernetes-models` (4.x: it runs on Node 20), and then with the strict validator
 * (./strict: the 1.28 types without unknown fields, the API server's value rules, node ports
 * and Ingress rules across objects; Gateway API objects against the vendored CRD schemas).
 * An object of an unknown kind fails too: everything this library writes is a built-in or
 * Gateway API kind.
 */
export function validateSchemas(manifests: any[]): void {
  const errors: string[] = [];
  for (const m of manifests) {
    if (isGatewayApi(m?.apiVersion)) continue; // the strict validator's registry checks these
    const id = `${m?.kind}/${m?.metadata?.name}`;
    const Model = modelFor(m?.apiVersion, m?.kind);
    if (!Model) {
      errors.push(`${id}: no schema for apiVersion ${m?.apiVersion}, kind ${m?.kind}`);
      continue;
    }
    try {
      new Model(m).validate();
    } catch (e) {
      errors.push(`${id}: ${(e as Error).message}`);
    }
  }
  errors.push(...strictProblems(manifests));
  if (errors.length > 0) throw new Error(`schema validation failed:\n  ${errors.join('\n  ')}`);
}

const cache = new Map<string, any>();

function modelFor(apiVersion: unknown, kind: unknown): any {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9./]+$/.test(apiVersion)) return undefined;
  if (!cache.has(apiVersion)) {
    let mod: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(`kubernetes-models/${apiVersion}`);
    } catch {
      mod = undefined;
    }
    cache.set(apiVersion, mod);
  }
  return cache.get(apiVersion)?.[kind];
}
