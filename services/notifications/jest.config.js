import { jestProject, projectDirOf } from '../../libs/testing/jest.preset.js';
export default jestProject(projectDirOf(import.meta.url), 'notifications');
