// The real test models a bench runs on: those installed (npm run models:install), each missing one
// named on the terminal with why.
import { testModelPath } from '../scripts/test-models.js';

export function installedTestModels(ids: readonly string[]): { id: string; modelPath: string }[] {
  return ids.flatMap((id) => {
    try {
      return [{ id, modelPath: testModelPath(id) }];
    } catch (error) {
      console.log(`${id}: ${(error as Error).message}`);
      return [];
    }
  });
}
