import type { Test } from 'uvu';
import {
  startKubeApiServer,
  type KubeApiServer,
  type KubeApiServerOptions,
} from '../../simulators/kube/kube-api-server.js';
import {
  startApixSimulator,
  type ApixSimulator,
  type ApixSimulatorOptions,
} from '../../simulators/apix/start-apix-simulator.js';
import {
  startShopifySimulator,
  type ShopifySimulator,
  type ShopifySimulatorOptions,
} from '../../simulators/shopify/index.js';
import { usePerFile } from './per-file.js';

// One simulator for the whole test file, the same let/before/after block each file had (usePerFile).

export function useApixSimulator<C>(
  test: Test<C>,
  options: ApixSimulatorOptions = {},
): ApixSimulator {
  return usePerFile(
    test,
    () => startApixSimulator(options),
    (sim) => sim.close(),
  );
}

export function useShopifySimulator<C>(
  test: Test<C>,
  options: ShopifySimulatorOptions = {},
): ShopifySimulator {
  return usePerFile(
    test,
    () => startShopifySimulator(options),
    (sim) => sim.close(),
  );
}

export function useKubeApiServer<C>(test: Test<C>, options: KubeApiServerOptions): KubeApiServer {
  return usePerFile(
    test,
    () => startKubeApiServer(options),
    (kube) => kube.close(),
  );
}
