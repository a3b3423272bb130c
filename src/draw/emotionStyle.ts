// Colour and emoji per emotion label; text always accompanies colour.

const STYLES: Record<string, { colour: string; emoji: string }> = {
  angry: { colour: '#e5484d', emoji: '😠' },
  disgust: { colour: '#46a758', emoji: '🤢' },
  fear: { colour: '#8e4ec6', emoji: '😨' },
  happy: { colour: '#f5d90a', emoji: '😄' },
  sad: { colour: '#0091ff', emoji: '😢' },
  surprise: { colour: '#f76b15', emoji: '😮' },
  neutral: { colour: '#c2c2c2', emoji: '😐' },
};

export function emotionStyle(label: string): { colour: string; emoji: string } {
  return STYLES[label] ?? { colour: '#ffffff', emoji: '' };
}
