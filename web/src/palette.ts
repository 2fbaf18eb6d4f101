// One colour per train, by its order in the plan (never by what the train is).
const colours = ['#f5a623', '#4fc3f7', '#b388ff', '#81c784', '#ff8a80', '#ffd54f'];
export const colourOf = (index: number): string => colours[index % colours.length];
