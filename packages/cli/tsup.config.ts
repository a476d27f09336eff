import { packageBuild } from '../../tsup.shared.ts';

// the bin loads dist/cli.js: the command and nothing else
export default packageBuild({ index: 'src/index.ts', cli: 'src/main.ts' });
