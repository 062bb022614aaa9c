export { CATALOGUE, findCatalogueEntry, type CatalogueEntry, type ModelFile, type ModelTask } from './catalogue.ts';
export { downloadFile, type DownloadProgress, type DownloadResult } from './download-file.ts';
export { importModel, type ImportOptions } from './model-import.ts';
export { installModel, type InstallOptions, type InstallProgress } from './model-install.ts';
export {
  defaultAsrModel,
  findModel,
  listModels,
  removeModel,
  resolveModel,
  resolveModelFiles,
  type ModelListing,
} from './model-store.ts';
