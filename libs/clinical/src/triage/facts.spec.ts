import { extractFacts, parseNumberToken } from './facts';
import { normalizeForTriage } from './normalize';

const facts = (text: string) => extractFacts(normalizeForTriage(text));

describe('extractFacts', () => {
  it.each([
    ['宝宝两个月发烧38.5', 2],
    ['出生20天的宝宝', 20 / 30.4375],
    ['我家宝宝才6周', (6 * 7) / 30.4375],
    ['宝宝一个半月', 1.5],
    ['两岁的儿子', 24],
    ['my 6 week old has a fever', (6 * 7) / 30.4375],
    ['my baby is 2 months old', 2],
    ['newborn feels hot', 0],
    ["I'm 58", 58 * 12],
  ])('reads the age in %s', (text, months) => {
    expect(facts(text).ageMonths?.value).toBeCloseTo(months, 1);
  });

  it('does not read a duration or a pregnancy week as an age', () => {
    expect(facts('宝宝发烧两个月了').ageMonths).toBeUndefined();
    expect(facts("she's 34 weeks pregnant").ageMonths).toBeUndefined();
  });

  it.each([
    ['发烧38.5', 38.5],
    ['量了38度2', 38.2],
    ['高烧三十九度五', 39.5],
    ['thermometer says 100.8F', 38.22],
    ['fever of 39', 39],
  ])('reads the temperature in %s', (text, celsius) => {
    expect(facts(text).temperatureC?.value).toBeCloseTo(celsius, 1);
  });

  it('does not read weeks, ages or blood pressure as a temperature', () => {
    expect(facts('孕38周').temperatureC).toBeUndefined();
    expect(facts('I am 40 years old').temperatureC).toBeUndefined();
    expect(facts('blood pressure 150/95').temperatureC).toBeUndefined();
  });

  it('reads glucose in mmol/L, converting mg/dL and meter HI/LO', () => {
    expect(facts('测血糖2.1').glucoseMmolL?.value).toBe(2.1);
    expect(facts('his sugar is 45').glucoseMmolL?.value).toBe(2.5);
    expect(facts('meter says HI').glucoseMmolL?.value).toBe(33.3);
    expect(facts('血糖高了10年').glucoseMmolL).toBeUndefined();
  });

  it('reads the systolic pressure', () => {
    expect(facts('血压180/110，头晕').systolicBp?.value).toBe(180);
  });
});

describe('parseNumberToken', () => {
  it('reads digits, Chinese numerals and English number words', () => {
    expect(parseNumberToken('三十八')).toBe(38);
    expect(parseNumberToken('两')).toBe(2);
    expect(parseNumberToken('十二')).toBe(12);
    expect(parseNumberToken('38.5')).toBe(38.5);
    expect(parseNumberToken('six')).toBe(6);
    expect(parseNumberToken('many')).toBeUndefined();
  });
});
