/**
 * The placeholder lab page: pick a scenario, seed and capture point, and see the frames the engine (running in a
 * Web Worker) put on the wire in a Wireshark-like inspector (./inspector), and terminals on its nodes and in its
 * pods. The topology, timeline and lessons come with their issues.
 */
import { lazy, Suspense, useId } from 'react';
import { ScenarioControls } from './ScenarioControls';
import { StatusLine } from './StatusLine';
import { Inspector } from './inspector/Inspector';
import { CaptureDigest } from './CaptureDigest';
import { ClusterSummary } from './ClusterSummary';
import { useLab } from './LabContext';
import { TerminalPlaceholder } from './terminal/TerminalPlaceholder';
// timeline: the mode switcher with the attacker toggle's place, and the timeline card (./timeline)
import { LabModes } from './timeline/LabModes';
import { TimelineCard } from './timeline/TimelineCard';
import { TopologyCard } from './topology/TopologyCard';

// xterm.js is most of the page's JavaScript: load it after the lab is on screen.
const TerminalPanel = lazy(() => import('./terminal/TerminalPanel').then((m) => ({ default: m.TerminalPanel })));

const logo = `${import.meta.env.BASE_URL}favicon.svg`;

export function App() {
  const point = useLab((s) => s.point);
  const id = useId(); // several labs may share a page
  return (
    <div className="page">
      <header className="masthead">
        <div className="brand">
          <img src={logo} alt="" width="40" height="40" />
          <h1>podlock</h1>
          <span className="badge">preview</span>
        </div>
        <p className="tagline">
          A lab that shows how Kubernetes encrypts traffic between pods, with a simulated cluster, real packets and
          real crypto, all running in your browser.
        </p>
      </header>

      <main className="main">
        <section className="card" aria-labelledby={`${id}-settings`}>
          <h2 id={`${id}-settings`}>Lab</h2>
          <LabModes />
          <ScenarioControls />
          <ClusterSummary />
        </section>

        <TimelineCard />

        <StatusLine />

        {/* the cluster as a map, with its packets (./topology) */}
        <TopologyCard />

        <Suspense fallback={<TerminalPlaceholder />}>
          <TerminalPanel />
        </Suspense>

        <section className="card card-packets" aria-labelledby={`${id}-packets`}>
          <div className="card-head">
            <h2 id={`${id}-packets`}>
              Packets at <span className="mono">{point}</span>
            </h2>
            <CaptureDigest />
          </div>
          <Inspector />
        </section>
      </main>

      <footer className="footer">
        <p>
          The simulation runs in a Web Worker on a virtual clock with a seeded random generator, so the same scenario
          and seed always give the same bytes. Encrypted modes (WireGuard, IPsec, Istio and Linkerd mTLS), the
          topology and the lessons are on their way.
        </p>
      </footer>
    </div>
  );
}
