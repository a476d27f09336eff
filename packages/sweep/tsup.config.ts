import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild({ index: 'src/index.ts', 'node/index': 'src/node/index.ts' }, { shims: true });
