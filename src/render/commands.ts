/** A code span that reads as a command line: a lower-case program or a Verb-Noun cmdlet, then an argument. */
const COMMAND = /^(?:[a-z][\w.-]{0,40}|[A-Z][a-z]{1,20}-[A-Z][A-Za-z]{1,40})\s+\S/;
// a backtick span on one line, bounded: linear over any text
const SPAN = /`([^`\n]{1,1000})`/g;
/** Commands longer than this are named by their program in the prose and shown whole below it. */
const INLINE_MAX = 30;

export interface StepText {
  /** The prose: code spans without their backticks, long commands by their program's name. */
  prose: string;
  /** The commands of the step, whole, for a monospace block. */
  commands: string[];
}

/** A step's prose and the command lines in it (Markdown code spans that are commands). */
export const splitCommands = (text: string): StepText => {
  const commands: string[] = [];
  const prose = text.replace(SPAN, (_m, code: string) => {
    if (!COMMAND.test(code)) return code;
    commands.push(code);
    return code.length > INLINE_MAX ? (code.split(/\s/, 1)[0] ?? code) : code;
  });
  return { prose, commands };
};
