import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'stats/index': 'src/stats/index.ts' });
