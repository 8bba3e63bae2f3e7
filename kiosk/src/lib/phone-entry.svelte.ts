/**
 * The kiosk's phone-number keypad: the digits typed so far, and whether the last "OK" was
 * refused (the screen then says why). The kiosk clears it for every new visitor.
 */
import { backspace, phoneProblem, pressDigit } from './phone';

export class PhoneEntry {
  value = $state('');
  /** The last submit was refused: the screen shows the problem until the next key. */
  invalid = $state(false);

  type(digit: string): void {
    this.value = pressDigit(this.value, digit);
    this.invalid = false;
  }

  deleteDigit(): void {
    this.value = backspace(this.value);
    this.invalid = false;
  }

  clear(): void {
    this.value = '';
    this.invalid = false;
  }

  /** What is wrong with the number typed (and marks it refused), or null when it is a mobile number. */
  problem(): ReturnType<typeof phoneProblem> {
    const problem = phoneProblem(this.value);
    this.invalid = problem !== null;
    return problem;
  }
}
