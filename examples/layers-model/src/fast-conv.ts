import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dInputGrad } from '@ampmix/vision';

interface Conv2DAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat?: string;
  dilations?: number | [number, number];
}

const ones = (v: number | [number, number] | undefined) => v === undefined || v === 1 || (Array.isArray(v) && v[0] === 1 && v[1] === 1);

/**
 * Replaces tfjs's `Conv2D` gradient, for stride-1, undilated, NHWC, `'same'`-padded convolutions with odd kernels
 * (what `tf.layers.conv2d({padding: 'same'})` runs), by `@ampmix/vision`'s `conv2dInputGrad` / `conv2dFilterGrad`,
 * built from forward convolutions: the same values, without tfjs's `Conv2DBackpropFilter` kernel — seconds per step on
 * the pure-JS cpu backend and missing on wasm. Other convolutions keep tfjs's gradient. A global change of tfjs:
 * call the returned function to restore the original.
 */
export function installFastConv2dGradients(): () => void {
  const original = tf.getGradient('Conv2D');
  if (!original) throw new Error('tfjs has no Conv2D gradient registered');
  const restore = () => tf.registerGradient(original);
  const quiet = <T>(f: () => T) => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      return f();
    } finally {
      console.warn = warn;
    }
  };
  quiet(() =>
    tf.registerGradient({
      kernelName: 'Conv2D',
      inputsToSave: ['x', 'filter'],
      gradFunc: (dy, saved, attrs) => {
        const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
        const a = attrs as unknown as Conv2DAttrs;
        const [kh, kw] = filter.shape;
        const fast = ones(a.strides) && ones(a.dilations) && a.pad === 'same' && (a.dataFormat ?? 'NHWC') === 'NHWC' && kh % 2 === 1 && kw % 2 === 1;
        if (!fast) return original.gradFunc(dy, saved, attrs);
        return { x: () => conv2dInputGrad(dy as tf.Tensor4D, filter), filter: () => conv2dFilterGrad(x, dy as tf.Tensor4D, kh, kw) };
      },
    }),
  );
  return () => quiet(restore);
}
