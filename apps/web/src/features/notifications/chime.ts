// The new-message sound, made with WebAudio (two short sine tones), so there
// is no audio file to ship or fetch. Browsers start audio only after the
// person has interacted with the page; until then it stays silent.
type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;
let lastPlayedAt = 0;
const MIN_GAP_MS = 1500;

export function playChime(): void {
  if (typeof window === 'undefined') return;
  const Context: AudioContextClass | undefined =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  if (!Context) return;
  // A burst of messages is one sound, not a drum roll.
  if (Date.now() - lastPlayedAt < MIN_GAP_MS) return;
  lastPlayedAt = Date.now();
  try {
    context ??= new Context();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    tone(context, 880, 0);
    tone(context, 1320, 0.11);
  } catch {
    // No audio device, or audio blocked: a missing sound must not break the inbox.
  }
}

function tone(audio: AudioContext, frequency: number, delay: number) {
  const start = audio.currentTime + delay;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(frequency, start);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.15, start + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + 0.3);
}
