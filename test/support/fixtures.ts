// Invented complaint bodies for tests (no real person's data: the ID number is the standard's published example).
export const BODY = {
  channel: 'phone',
  receivedAt: '2026-11-27T09:00:00+08:00',
  complainant: { name: '张三', idNumber: '11010519491231002X', phone: '13912345678' },
  content: '我的信用卡上个月被扣了年费200元，办卡时说终身免年费，要求退还。',
  demand: '退还年费200元并道歉',
  amount: 200,
  orgUnitCode: 'BJ01',
  productName: '白金信用卡',
};
