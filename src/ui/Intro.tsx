// First-run explanation: what the app does, that nothing leaves the machine, what the labels and the
// confidence mean, and how far to trust them (measured accuracy and known limits). Open on the first
// visit until something is on the stage (the picture is what people came for); closed afterwards, one
// click away.

import { useState } from 'react';
import type { ModelInfo } from '../lib';
import { emotionStyle } from '../draw/emotionStyle';

const SEEN_KEY = 'fer-live.intro-seen';

function firstVisit(): boolean {
  try {
    const seen = localStorage.getItem(SEEN_KEY) !== null;
    localStorage.setItem(SEEN_KEY, '1');
    return !seen;
  } catch {
    return true;
  }
}

export function Intro({
  models,
  labels,
  showing,
}: {
  readonly models: readonly ModelInfo[];
  readonly labels: readonly string[];
  /** Whether the stage shows a camera, video or photo: the introduction then folds away. */
  readonly showing: boolean;
}) {
  const [open, setOpen] = useState(firstVisit);
  // Folds when something comes on the stage (state adjusted during render, React's way without an effect);
  // the person can open it again.
  const [wasShowing, setWasShowing] = useState(showing);
  if (showing !== wasShowing) {
    setWasShowing(showing);
    if (showing) setOpen(false);
  }
  const measured = models.filter((m) => m.accuracy !== undefined);
  const measuredOffDataset = models.filter((m) => m.devAccuracy !== undefined);
  return (
    <details className="intro" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>What this app does, and how far to trust it</summary>
      <p>
        It finds every face in your camera or in a video file, and labels each with one of seven emotions.
        Everything runs in this browser tab: <strong>no image, video or result leaves this device</strong>,
        and the page talks to no server but the one it came from.
      </p>
      {labels.length > 0 && (
        <p>
          The emotions:{' '}
          {labels.map((l, i) => (
            <span key={l}>
              <span aria-hidden="true">{emotionStyle(l).emoji}</span> {l}
              {i < labels.length - 1 ? ', ' : '.'}
            </span>
          ))}{' '}
          The percentage is the model's confidence in the label shown: how much of its probability it gives
          that emotion, averaged over the face's recent frames. It is not a measure of how the person feels.
        </p>
      )}
      <p>
        Measured on FER2013's PrivateTest faces, the share of faces labelled as the dataset's annotators did:{' '}
        {measured.map((m, i) => (
          <span key={m.id}>
            {m.name} {((m.accuracy ?? 0) * 100).toFixed(1)}%{i < measured.length - 1 ? ', ' : '.'}
          </span>
        ))}{' '}
        So roughly one label in three is wrong. FER2013 is made of posed and web photos, mostly of adults with
        lighter skin, and its annotators often disagreed: expect more errors for children, older people,
        darker skin, poor light, faces turned away, and subtle or mixed expressions. Do not use a label to
        make decisions about a person.
      </p>
      {measuredOffDataset.length > 0 && (
        <p>
          On other photos of people (lfw-expressions: news photos and film stills that no model here trained
          on), the mean over emotions of the share recognised, shown as “other photos” in the Model menu:{' '}
          {measuredOffDataset.map((m, i) => (
            <span key={m.id}>
              {m.name} {((m.devAccuracy ?? 0) * 100).toFixed(1)}%
              {i < measuredOffDataset.length - 1 ? ', ' : '.'}
            </span>
          ))}
        </p>
      )}
    </details>
  );
}
