import { jestProject, projectDirOf } from '../testing/jest.preset.js';
export default jestProject(projectDirOf(import.meta.url), 'synthetic-data');
