import { packageBuild } from '../../tsup.shared.ts';

// import.meta.url in the CommonJS build: the datasets folder is found relative to this package's file
export default packageBuild({ index: 'src/index.ts' }, { shims: true });
