import { jestProject, projectDirOf } from '../../libs/testing/jest.preset.js';

const base = jestProject(projectDirOf(import.meta.url), 'portal');
// The portal is built once per run (or reused when no source changed) before any browser opens.
export default { ...base, globalSetup: '<rootDir>/support/build-portal.js' };
