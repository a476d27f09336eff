import { packageBuild } from '../../tsup.shared.ts';

// shims: import.meta.url in the CommonJS build of the Node entry (it resolves tfjs-backend-wasm's bundle)
export default packageBuild(
  { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'node/index': 'src/node/index.ts', 'stats/index': 'src/stats/index.ts' },
  { shims: true },
);
