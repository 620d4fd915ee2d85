/** The top of the lab card: the mode switcher, and beside it the attacker toggle's place. */
import { ModeSwitcher } from './ModeSwitcher';
import { AttackerToggle } from './AttackerToggle';
import './timeline.css';

export function LabModes() {
  return (
    <div className="lab-modes">
      <ModeSwitcher />
      <AttackerToggle />
    </div>
  );
}
