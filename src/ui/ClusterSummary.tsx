/** The simulated cluster at a glance: each node and the pods scheduled on it, with their IPs. */
import { useId } from 'react';
import { useLab } from './LabContext';

export function ClusterSummary() {
  const info = useLab((s) => s.info);
  const heading = useId();
  if (!info) return null;
  return (
    <div className="cluster">
      <h3 className="cluster-label" id={heading}>Cluster</h3>
      <ul className="nodes" aria-labelledby={heading}>
        {info.nodes.map((node) => (
          <li key={node} className="node">
            <span className="node-name">{node}</span>
            <ul className="pods">
              {info.pods.filter((p) => p.node === node).map((p) => (
                <li key={p.key}>
                  <span className="pod-name">{p.key}</span> <span className="pod-ip">{p.ip}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
