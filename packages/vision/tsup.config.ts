import { packageBuild } from '../../tsup.shared.ts';

// the MNIST loader uses import.meta.url (createRequire); shims make it work in the CJS build too
export default packageBuild({ index: 'src/index.ts', 'mnist/index': 'src/mnist/index.ts' }, { shims: true });
