export { UnsupportedModelError } from "./errors.js";
export { wrapLayersModel } from './wrap.js';
export type { LayersMixableModel, WrapLayersModelOptions } from './wrap.js';
