/** The runner module of the MNIST grid (what `@ampmix/sweep` pool processes and queue workers import). */
export { runMnistRow as run } from './run.js';
