/** The query language of the embedded engine: pure functions over canonical values (see README.md). */
export {
  bsonTypeName,
  canonicalize,
  cloneValue,
  compareValues,
  identicalValues,
  isDocument,
  isNumber,
  renderValue,
  toJsNumber,
  valuesEqual,
} from './values';
export { getPath, hasPath, indexKeys, isArrayIndex, sortKeyValues, splitPath, visitQueryPath } from './paths';
export { compileFilter, type CompiledFilter, type FilterMatch, type FilterOptions } from './filter';
export { compileSort, parseSort, type DocumentComparator } from './sort';
export {
  applyUpdate,
  compileUpdate,
  isOperatorUpdate,
  upsertSeed,
  validateReplacement,
  validateStorableDocument,
  type ApplyOptions,
  type CompiledUpdate,
  type CompileUpdateOptions,
  type UpdateOptions,
  type UpdateResult,
} from './update';
export { compileProjection, type ProjectionOptions, type Projector } from './projection';
export { runPipeline, type PipelineContext } from './aggregate';
export { compileExpression, evaluateExpression, isTruthy, type ExpressionContext } from './expression';
