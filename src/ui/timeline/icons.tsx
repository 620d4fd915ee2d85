/** The timeline's small inline icons (decorative: the text beside each one says the same). */
const svg = { className: 'icon', viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

export const LockIcon = ({ className = '' }: { className?: string }) => (
  <svg {...svg} className={`icon ${className}`}>
    <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor" />
    <path d="M5.2 7V5.2a2.8 2.8 0 0 1 5.6 0V7" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);

export const OpenLockIcon = ({ className = '' }: { className?: string }) => (
  <svg {...svg} className={`icon ${className}`}>
    <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path d="M5.2 7V5.2a2.8 2.8 0 0 1 5.4-1" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
  </svg>
);

export const ResetIcon = () => (
  <svg {...svg}><path d="M3.5 3v10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /><path d="M13 3.3v9.4L5.8 8z" fill="currentColor" /></svg>
);

export const StepBackIcon = () => (
  <svg {...svg}><path d="M12.5 3.3v9.4L5.3 8z" fill="currentColor" /><path d="M3.5 3.5v9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
);

export const StepForwardIcon = () => (
  <svg {...svg}><path d="M3.5 3.3v9.4L10.7 8z" fill="currentColor" /><path d="M12.5 3.5v9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
);

export const PlayIcon = () => <svg {...svg}><path d="M5 3.2v9.6L12.5 8z" fill="currentColor" /></svg>;

export const PauseIcon = () => (
  <svg {...svg}><path d="M5 3.5v9M11 3.5v9" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" /></svg>
);

export const AttackerIcon = () => (
  <svg {...svg}>
    <circle cx="8" cy="6" r="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path d="M2.5 14c.8-2.6 3-4 5.5-4s4.7 1.4 5.5 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    <path d="M5 5.6h6" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
  </svg>
);
