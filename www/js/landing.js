// Landing page: shows the category samples in the extension's own highlight colours.
import { paintSamples } from './site.js';

paintSamples();
