/** Model loading, introspection, synthetic request inputs, and batch assembly / splitting. */
export * from './modelOptions';
export * from './modelError';
export * from './session';
export * from './inspectModel';
export * from './requestInputs';
export * from './batchAssembly';
export { isSupportedDtype, SYNTHETIC_INT_RANGE, type TensorArray } from './tensorData';
export { dimKey, defaultDimValue } from './dimNames';
