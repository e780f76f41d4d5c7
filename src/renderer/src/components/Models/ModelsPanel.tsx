// Models: what is loaded, a model on a server instead, the curated catalog with this machine's verdict
// and downloads, the local library.
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { Drawer } from '../Layout/Drawer';
import { useFitRefresh } from '../Workspace/ModelNeed';
import { CatalogRow } from './CatalogRow';
import { LibraryRow } from './LibraryRow';
import { ModelStatus } from './ModelStatus';
import { ServerSection } from './ServerSection';

export function ModelsPanel() {
  const catalog = useAppStore((s) => s.catalog);
  const library = useAppStore((s) => s.library);
  const loadCatalog = useAppStore((s) => s.loadCatalog);
  const loadLibrary = useAppStore((s) => s.loadLibrary);
  const importModel = useAppStore((s) => s.importModel);

  useEffect(() => {
    void loadCatalog();
    void loadLibrary();
  }, [loadCatalog, loadLibrary]);
  // Verdicts still being checked come in while the panel is open.
  useFitRefresh();

  return (
    <Drawer title="Models" testId="models-panel">
      <div className="drawer-body">
        <ModelStatus />
        <ServerSection />
        <section>
          <div className="section-head">
            <h3>Installed</h3>
            <button data-testid="import-model" onClick={() => void importModel()}>
              Import GGUF…
            </button>
          </div>
          {library.length === 0 && <p className="muted small">No models in the models folder yet.</p>}
          <ul className="rows">
            {library.map((m) => (
              <LibraryRow key={m.fileName} model={m} />
            ))}
          </ul>
        </section>
        <section>
          <h3>Catalog</h3>
          {catalog.length === 0 && <p className="muted small">The catalog is empty or still loading.</p>}
          <ul className="rows">
            {catalog.map((c) => (
              <CatalogRow key={c.id} entry={c} />
            ))}
          </ul>
        </section>
      </div>
    </Drawer>
  );
}
