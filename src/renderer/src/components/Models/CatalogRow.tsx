// One recommended model: what it is, whether it fits this machine, and its download.
import type { CatalogView } from '../../../../shared/ipc';
import { formatBytes, formatEta, formatSpeed, percentOf } from '../../lib/format';
import { useAppStore } from '../../store';
import { ProgressBar } from './ProgressBar';

const FIT_LABELS = {
  full_gpu: 'fits on GPU',
  partial_gpu: 'partly on GPU',
  cpu_only: 'CPU only',
  does_not_fit: 'does not fit',
} as const;

const ACTIVE = new Set(['starting', 'downloading', 'retrying', 'verifying']);

export function CatalogRow({ entry }: { entry: CatalogView }) {
  const download = useAppStore((s) => s.downloads[entry.id]);
  const start = useAppStore((s) => s.download);
  const cancel = useAppStore((s) => s.cancelDownload);
  const inFlight = download !== undefined && ACTIVE.has(download.status);
  const stopped = download !== undefined && (download.status === 'failed' || download.status === 'cancelled');
  const total = download?.totalBytes || entry.sizeBytes;
  const percent = download ? percentOf(download.downloadedBytes, total) : 0;

  return (
    <li className="row catalog-row" data-testid="catalog-row" data-id={entry.id}>
      <div className="row-main">
        <div className="row-title">
          <strong>{entry.name}</strong>
          <span className="muted small">
            {entry.parameters} · {entry.quantization} · {formatBytes(entry.sizeBytes)}
          </span>
          {entry.installed && <span className="badge ok">installed</span>}
        </div>
        <div className="muted small">{entry.description}</div>
        {entry.draft && (
          <div className="muted small" data-testid="catalog-draft">
            Draft model for faster decoding: {entry.draft.name} (download it, then pick it in Settings).
          </div>
        )}
        {entry.fit ? (
          <div className="fit">
            <span
              className={`badge fit-${entry.fit.verdict}`}
              data-testid="fit-badge"
              data-verdict={entry.fit.verdict}
            >
              {FIT_LABELS[entry.fit.verdict]}
            </span>
            <span className="small">{entry.fit.message}</span>
          </div>
        ) : (
          <div className="fit muted small" data-testid="fit-badge" data-verdict="unknown">
            Fit unknown until the file's header can be read.
          </div>
        )}
        {download && (inFlight || stopped || download.status === 'done') && (
          <div className="download-line" data-testid="download-status" data-status={download.status}>
            <ProgressBar percent={percent} label={`Download of ${entry.name}`} />
            <span className="small">
              {download.status === 'downloading' || download.status === 'starting'
                ? `${percent}% · ${formatBytes(download.downloadedBytes)} of ${formatBytes(total)} · ${formatSpeed(download.bytesPerSecond)} · ETA ${formatEta(download.etaSeconds)}`
                : `${download.status}${download.message ? `: ${download.message}` : ''} · ${percent}%`}
            </span>
          </div>
        )}
      </div>
      <div className="row-actions">
        {inFlight && download && (
          <button
            data-testid="cancel-download"
            data-id={entry.id}
            onClick={() => void cancel(download.downloadId)}
          >
            Cancel
          </button>
        )}
        {stopped && (
          <button
            className="primary"
            data-testid="resume-download"
            data-id={entry.id}
            onClick={() => void start(entry.id)}
          >
            Resume
          </button>
        )}
        {!inFlight && !stopped && !entry.installed && (
          <button
            className="primary"
            data-testid="download"
            data-id={entry.id}
            onClick={() => void start(entry.id)}
          >
            Download
          </button>
        )}
      </div>
    </li>
  );
}
