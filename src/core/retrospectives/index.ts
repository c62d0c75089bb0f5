// The retrospective core in one import: render, parse, timeline, names, pull request text.
export * from './escape';
export * from './followUps';
export * from './followUpStatus';
export * from './frontMatter';
export * from './naming';
export * from './parse';
export * from './pullRequest';
export * from './remoteUrl';
export * from './render';
export * from './sections';
export * from './timeline';
