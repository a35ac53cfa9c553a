// The reference LSTM cell's backward pass against finite differences of
// L = Σ dh ⊙ h + Σ dc ⊙ c, whose gradients are exactly what
// lstmCellBackward() computes from (dh, dc).
import { createReferenceBackend } from "../../../mod.ts";
import { assertGradientsMatch, numericGradient } from "../../helpers/finite_difference.ts";
import { randomValues } from "../../helpers/random.ts";

const backend = createReferenceBackend();

Deno.test("lstmCellBackward() matches finite differences for preact and cPrev", () => {
  for (const [batch, hidden] of [[1, 1], [2, 3], [3, 5]]) {
    const units = batch * hidden;
    const t = (shape: number[], values?: ArrayLike<number>) => backend.tensor(shape, values);
    const preact = t([batch, 4 * hidden], randomValues(batch + hidden, 4 * units, -2, 2));
    const cPrev = t([batch, hidden], randomValues(7, units, -2, 2));
    const dh = t([batch, hidden], randomValues(8, units));
    const dc = t([batch, hidden], randomValues(9, units));
    const h = t([batch, hidden]), c = t([batch, hidden]), tanhC = t([batch, hidden]);
    const gates = t([batch, 4 * hidden]);
    const loss = () => {
      backend.lstmCellForward(h, c, tanhC, gates, preact, cPrev);
      let total = 0;
      for (let i = 0; i < units; i++) total += dh.data[i] * h.data[i] + dc.data[i] * c.data[i];
      return total;
    };
    const numericPreact = numericGradient(loss, preact.data);
    const numericCPrev = numericGradient(loss, cPrev.data);
    loss();
    const dPreact = t([batch, 4 * hidden]), dcPrev = t([batch, hidden]);
    backend.lstmCellBackward(dPreact, dcPrev, dh, dc, gates, tanhC, cPrev);
    assertGradientsMatch(dPreact.data, numericPreact, `dPreact ${batch}x${hidden}`);
    assertGradientsMatch(dcPrev.data, numericCPrev, `dcPrev ${batch}x${hidden}`);
  }
});
