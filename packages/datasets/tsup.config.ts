import { packageBuild } from '../../tsup.shared.ts';

// import.meta.url in the CommonJS build: the data folder is found relative to this package's file
export default packageBuild({ index: 'src/index.ts', 'node/index': 'src/node/index.ts' }, { shims: true });
