import { jestProject, projectDirOf } from '../../libs/testing/jest.preset.js';

const base = jestProject(projectDirOf(import.meta.url), 'portal-unit');
// Components render to static markup in Node: the unit tests need no DOM emulation.
export default {
  ...base,
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2023' }, module: { type: 'es6' } }],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
  setupFiles: [],
};
