module.exports = { title: 'Sample IoT UI' };
